package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.tariffs.TariffPricing;
import com.rollyy.emsp.tariffs.TariffService;

/**
 * The Tariffs page (docs/console.md): the tariffs we hold, one tariff's elements in words, and the
 * estimate calculator, which asks {@link TariffPricing#estimate} exactly what
 * GET /ocpi/2.2.1/tariffs/estimate asks.
 */
@Controller
class ConsoleTariffsController {

    static final int PAGE_SIZE = 100;

    private final TariffService tariffs;
    private final TariffPricing pricing;
    private final Peers peers;

    ConsoleTariffsController(TariffService tariffs, TariffPricing pricing, Peers peers) {
        this.tariffs = tariffs;
        this.pricing = pricing;
        this.peers = peers;
    }

    @GetMapping("/console/tariffs")
    String list(@RequestParam(defaultValue = "0") String page, Model model) {
        model.addAttribute("page", "tariffs");
        int current = 0;
        try {
            current = Integer.parseInt(page.strip());
            if (current < 0 || current > 10_000) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            model.addAttribute("problem", "Page must be a whole number from 0 to 10000");
        }
        var found = tariffs.list(PAGE_SIZE + 1, current * PAGE_SIZE);
        var names = peers.summaries();
        model.addAttribute("tariffs", found.stream().limit(PAGE_SIZE).toList());
        model.addAttribute("cpoNames", names.values().stream()
                .collect(java.util.stream.Collectors.toMap(s -> s.id(), s -> s.name())));
        model.addAttribute("current", current);
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        return "console/tariffs";
    }

    @GetMapping("/console/tariffs/tariff")
    String tariff(@RequestParam(name = "country_code", required = false) String countryCode,
                  @RequestParam(name = "party_id", required = false) String partyId,
                  @RequestParam(required = false) String id, Model model, RedirectAttributes redirect) {
        if (blank(countryCode) || blank(partyId) || blank(id)) {
            ConsoleModel.problem(redirect, "A tariff is named by country_code, party_id and id");
            return "redirect:/console/tariffs";
        }
        var held = tariffs.find(countryCode.strip(), partyId.strip(), id.strip()).orElse(null);
        if (held == null) {
            ConsoleModel.problem(redirect, "No tariff " + countryCode + "/" + partyId + "/" + id);
            return "redirect:/console/tariffs";
        }
        model.addAttribute("page", "tariffs");
        model.addAttribute("held", held);
        model.addAttribute("t", held.tariff());
        var owner = peers.summaries().get(held.connectionId());
        model.addAttribute("cpo", owner == null ? held.connectionId().toString() : owner.name());
        model.addAttribute("elements", ConsoleTariffText.elements(held.tariff()));
        return "console/tariff";
    }

    /**
     * The estimate calculator: with no asset_id just the form; otherwise the fields checked one by
     * one (a message names each bad one) and the estimate with its breakdown.
     */
    @GetMapping("/console/tariffs/estimate")
    String estimate(@RequestParam Map<String, String> params, Model model) {
        model.addAttribute("page", "tariffs");
        var form = new LinkedHashMap<String, String>();
        for (String field : List.of("asset_id", "connector_id", "tariff", "kwh", "duration_minutes", "parking_minutes",
                "start_time", "payment")) {
            form.put(field, params.getOrDefault(field, "").strip());
        }
        if (form.get("payment").isEmpty()) {
            form.put("payment", "contract");
        }
        model.addAttribute("form", form);
        if (!params.containsKey("asset_id") && !params.containsKey("tariff")) {
            return "console/tariff-estimate";
        }
        var problems = new ArrayList<String>();
        UUID asset = null;
        String[] tariffKey = null;
        if (!form.get("asset_id").isEmpty() && !form.get("tariff").isEmpty()) {
            problems.add("Give either a charging asset id (asset_id) or a tariff (tariff), not both");
        } else if (form.get("asset_id").isEmpty() && form.get("tariff").isEmpty()) {
            problems.add("Charging asset id (asset_id) or tariff (tariff) is required: choose Estimate on the"
                    + " Charging assets page or on a tariff's page");
        } else if (!form.get("tariff").isEmpty()) {
            tariffKey = form.get("tariff").split("/", -1);
            if (tariffKey.length != 3 || Arrays.stream(tariffKey).anyMatch(String::isBlank)
                    || Arrays.stream(tariffKey).anyMatch(k -> k.length() > 36)) {
                problems.add("Tariff (tariff) must be country_code/party_id/id, like NL/SIM/TARIFF1");
            }
        } else {
            try {
                asset = UUID.fromString(form.get("asset_id"));
            } catch (IllegalArgumentException e) {
                problems.add("Charging asset id (asset_id) must be a UUID");
            }
        }
        BigDecimal kwh = decimal(form.get("kwh"), "Energy (kwh)", new BigDecimal("1000"), problems);
        Long minutes = minutes(form.get("duration_minutes"), "Duration (duration_minutes)", 1, problems);
        Long parking = minutes(form.get("parking_minutes"), "Parking (parking_minutes)", 0, problems);
        Instant start = null;
        if (!form.get("start_time").isEmpty()) {
            try {
                start = OcpiJson.parse(form.get("start_time"));
            } catch (DateTimeParseException e) {
                problems.add("Start (start_time) must be an RFC 3339 date-time like 2026-03-02T09:00:00Z");
            }
        }
        boolean adHoc = switch (form.get("payment")) {
            case "contract" -> false;
            case "ad_hoc" -> true;
            default -> {
                problems.add("Payment (payment) must be contract or ad_hoc");
                yield false;
            }
        };
        String connector = form.get("connector_id").isEmpty() ? null : form.get("connector_id");
        if (connector != null && connector.length() > 36) {
            problems.add("Connector (connector_id) is at most 36 characters");
        }
        if (!problems.isEmpty()) {
            model.addAttribute("problem", String.join("; ", problems));
            return "console/tariff-estimate";
        }
        try {
            var query = new TariffPricing.EstimateQuery(asset, connector, kwh, minutes, start, adHoc, parking, null,
                    null, null, null, List.of());
            var answer = asset != null ? pricing.estimate(query)
                    : pricing.estimate(tariffKey[0].strip(), tariffKey[1].strip(), tariffKey[2].strip(), query);
            model.addAttribute("answer", answer);
        } catch (ApiException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/tariff-estimate";
    }

    private static BigDecimal decimal(String value, String field, BigDecimal max, List<String> problems) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            var number = new BigDecimal(value);
            if (number.signum() < 0 || number.compareTo(max) > 0) {
                problems.add(field + " must be between 0 and " + max.toPlainString());
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(field + " must be a number, like 20 or 7.5");
            return null;
        }
    }

    private static Long minutes(String value, String field, int min, List<String> problems) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            long number = Long.parseLong(value);
            if (number < min || number > 7 * 24 * 60) {
                problems.add(field + " must be a whole number of minutes from " + min + " to " + 7 * 24 * 60);
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(field + " must be a whole number of minutes");
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
