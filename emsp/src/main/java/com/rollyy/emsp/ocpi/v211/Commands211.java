package com.rollyy.emsp.ocpi.v211;

import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 Commands (tag 2.1.1 mod_commands.md §2.1.1, §2.2.1, §3.1 CommandResponse, §3.3
 * StartSession, §3.4 StopSession, §4.1 CommandResponseType; 2.1.1-d2 corrects both answers to
 * the CommandResponse object). Out: StartSession without {@code authorization_reference} and
 * {@code connector_id} (2.1.1 has neither), its Token in 2.1.1 ({@link Tokens211}); every
 * {@code response_url} of ours moved from {@code /ocpi/2.2.1/} to {@code /ocpi/2.1.1/}, so the
 * CPO's result reaches us on its own version and is translated. In: the CPO's answer, a
 * CommandResponse (or, as the 2.1.1 tag text says, the bare CommandResponseType), without
 * {@code timeout} (we wait our configured time); a synchronous {@code TIMEOUT} (2.2.1 has it only
 * as a result) becomes REJECTED with the reason as message. The result POSTed to our
 * response_url is a 2.1.1 CommandResponse too → our CommandResult ({@code UNKNOWN_SESSION} →
 * FAILED with the reason as message). docs/ocpi-conformance.md, "2.1.1 sessions, CDRs, tokens and
 * commands".
 */
@Component
class Commands211 implements Module211 {

    private static final String MODEL_PREFIX = "/ocpi/2.2.1/";
    private static final String WIRE_PREFIX = "/ocpi/2.1.1/";
    private static final Set<String> RESULTS_AS_IN_221 = Set.of("ACCEPTED", "REJECTED", "NOT_SUPPORTED", "TIMEOUT");

    @Override
    public String module() {
        return "commands";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        ObjectNode response;
        if (data != null && data.isString()) {
            response = Shared211.JSON.objectNode();
            response.put("result", data.asString());
        } else if (data instanceof ObjectNode object) {
            response = object.deepCopy();
        } else {
            return data;
        }
        Shared211.upperCase(response, "result");
        String result = response.path("result").asString("");
        if (exchange.request()) {
            // the result the CPO POSTs to our response_url: a 2.1.1 CommandResponse → CommandResult
            if (!RESULTS_AS_IN_221.contains(result) && !result.isEmpty() && !response.has("message")) {
                response.put("result", "FAILED");
                message(response, result + " (OCPI 2.1.1 result)");
            }
            return response;
        }
        // the CPO's answer to our POST: a CommandResponse without timeout
        if (result.equals("TIMEOUT")) {
            response.put("result", "REJECTED");
            message(response, "TIMEOUT: the CPO got no answer from the Charge Point in time (OCPI 2.1.1)");
        }
        return response;
    }

    private static void message(ObjectNode response, String text) {
        ObjectNode message = response.putArray("message").addObject();
        message.put("language", "en");
        message.put("text", text);
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in) || !exchange.request()) {
            return data;
        }
        ObjectNode wire = in.deepCopy();
        wire.remove("authorization_reference");
        String command = exchange.path() == null ? "" : exchange.path().toUpperCase(Locale.ROOT);
        if (command.endsWith("/START_SESSION") || command.endsWith("/RESERVE_NOW")) {
            wire.remove("connector_id"); // 2.1.1 StartSession has no connector_id (UnlockConnector keeps its own)
        }
        if (wire.get("token") instanceof ObjectNode token) {
            wire.set("token", Tokens211.tokenToWire(token));
        }
        JsonNode url = wire.get("response_url");
        if (url != null && url.isString()) {
            String value = url.asString();
            int at = value.indexOf(MODEL_PREFIX);
            if (at >= 0) {
                wire.put("response_url", value.substring(0, at) + WIRE_PREFIX + value.substring(at + MODEL_PREFIX.length()));
            }
        }
        return wire;
    }
}
