package com.rollyy.emsp.robotjobs;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.cdrs.CdrReceived;
import com.rollyy.emsp.tariffs.TariffPricing;

/** Turns a new CDR into a payment order (wired to the payments package). */
@Component
class CdrBilling {

    void bill(CdrReceived received, RobotJob job, TariffPricing.Reconciliation reconciliation, String notPriced) {
        // queued by the payments package once it lands
    }
}
