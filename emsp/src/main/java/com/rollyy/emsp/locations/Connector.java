package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import com.rollyy.emsp.ocpi.OcpiId;

/** The OCPI 2.2.1 Connector object. */
public record Connector(
        @NotBlank @Size(max = 36) @OcpiId String id,
        @NotNull ConnectorType standard,
        @NotNull ConnectorFormat format,
        @NotNull PowerType powerType,
        @NotNull @PositiveOrZero Integer maxVoltage,
        @NotNull @PositiveOrZero Integer maxAmperage,
        @PositiveOrZero Integer maxElectricPower,
        List<@NotBlank @Size(max = 36) @OcpiId String> tariffIds,
        @Size(max = 255) String termsAndConditions,
        @NotNull Instant lastUpdated) {

    public enum ConnectorFormat { SOCKET, CABLE }

    public enum PowerType { AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC }

    @SuppressWarnings("java:S115") // the names are the spec's values
    public enum ConnectorType {
        CHADEMO, CHAOJI, DOMESTIC_A, DOMESTIC_B, DOMESTIC_C, DOMESTIC_D, DOMESTIC_E, DOMESTIC_F, DOMESTIC_G,
        DOMESTIC_H, DOMESTIC_I, DOMESTIC_J, DOMESTIC_K, DOMESTIC_L, DOMESTIC_M, DOMESTIC_N, DOMESTIC_O, GBT_AC,
        GBT_DC, IEC_60309_2_single_16, IEC_60309_2_three_16, IEC_60309_2_three_32, IEC_60309_2_three_64,
        IEC_62196_T1, IEC_62196_T1_COMBO, IEC_62196_T2, IEC_62196_T2_COMBO, IEC_62196_T3A, IEC_62196_T3C,
        NEMA_5_20, NEMA_6_30, NEMA_6_50, NEMA_10_30, NEMA_10_50, NEMA_14_30, NEMA_14_50, PANTOGRAPH_BOTTOM_UP,
        PANTOGRAPH_TOP_DOWN, TESLA_R, TESLA_S
    }

    /** Power in kW: max_electric_power when given, else voltage × amperage (times 3 phases for AC_3_PHASE, amperage being per phase). */
    public double maxPowerKw() {
        if (maxElectricPower != null && maxElectricPower > 0) {
            return maxElectricPower / 1000.0;
        }
        double watts = (double) maxVoltage * maxAmperage * (powerType == PowerType.AC_3_PHASE ? 3 : 1);
        return watts / 1000.0;
    }
}
