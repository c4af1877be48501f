package com.rollyy.emsp.commands;

import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.ocpi.OcpiResponse;

/**
 * Our response_urls: {@code POST /ocpi/2.2.1/commands/callback/{command_id}} (what we hand out)
 * and {@code POST /ocpi/2.2.1/commands/callback} with {@code command_id} in the body. OCPI token
 * authentication; the answer is the envelope without data.
 */
@OcpiController
class CommandCallbackController {

    private final CommandService commands;
    private final OcpiObjects objects;

    CommandCallbackController(CommandService commands, OcpiObjects objects) {
        this.commands = commands;
        this.objects = objects;
    }

    @PostMapping(CommandService.CALLBACK + "/{commandId}")
    OcpiResponse<Void> result(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                              @PathVariable String commandId, @Valid @RequestBody CommandResult result) {
        commands.receiveResult(caller, commandId, result);
        return OcpiResponse.success(null);
    }

    @PostMapping(CommandService.CALLBACK)
    OcpiResponse<Void> resultWithId(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                    @RequestBody JsonNode body) {
        JsonNode id = body.get("command_id");
        if (id == null || !id.isString() || id.asString().isBlank()) {
            throw OcpiException.invalidParameter("Field 'command_id' is required (or POST to the response_url we sent)");
        }
        var copy = body.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove("command_id");
        commands.receiveResult(caller, id.asString(), objects.read(copy, CommandResult.class));
        return OcpiResponse.success(null);
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint commandsEndpoint() {
            return new OcpiModuleEndpoint("commands", InterfaceRole.SENDER, "/ocpi/2.2.1/commands");
        }
    }
}
