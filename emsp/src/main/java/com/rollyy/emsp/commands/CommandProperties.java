package com.rollyy.emsp.commands;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timing of commands ({@code rollyy.commands.*}).
 *
 * @param requestTimeout     how long we wait for the CPO's synchronous CommandResponse
 * @param resultGrace        added to the CPO's own timeout before an unanswered command is given up
 *                           (results and sessions do arrive late)
 * @param unansweredTimeout  the wait assumed when the CPO never answered the command at all
 * @param activationTimeout  how long a robot's session may stay PENDING (or RESERVATION) at the CPO,
 *                           counted from the CPO's first report of it, before the job fails
 *                           ({@code session_not_activated})
 */
@ConfigurationProperties("rollyy.commands")
public record CommandProperties(@DefaultValue("30s") Duration requestTimeout,
                                @DefaultValue("2m") Duration resultGrace,
                                @DefaultValue("2m") Duration unansweredTimeout,
                                @DefaultValue("10m") Duration activationTimeout) {
}
