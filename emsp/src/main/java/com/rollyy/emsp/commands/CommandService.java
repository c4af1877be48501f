package com.rollyy.emsp.commands;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.config.AfterCommit;
import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiResult;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.PublicUrl;

/**
 * We are the Commands SENDER. Each command gets its own unguessable response_url; the command
 * is stored before it is sent, so a result racing the CPO's synchronous answer is never lost.
 * Commands are not idempotent and are never re-sent automatically.
 */
@Service
public class CommandService {

    static final TaskDescriptor<String> DEADLINE = TaskDescriptor.of("command-deadline", String.class);
    static final String CALLBACK = "/ocpi/2.2.1/commands/callback";
    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    private final JdbcClient jdbc;
    private final OcpiClient client;
    private final PublicUrl publicUrl;
    private final TransactionTemplate tx;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final ApplicationEventPublisher events;
    private final CommandProperties properties;
    private final MeterRegistry meters;
    /** db-scheduler's table ({@code db-scheduler.table-name}), where command deadlines are written directly. */
    private final String schedulerTable;

    CommandService(JdbcClient jdbc, OcpiClient client, PublicUrl publicUrl, TransactionTemplate tx,
                   ObjectProvider<SchedulerClient> scheduler, ApplicationEventPublisher events,
                   CommandProperties properties, MeterRegistry meters,
                   @org.springframework.beans.factory.annotation.Value("${db-scheduler.table-name:scheduled_tasks}")
                   String schedulerTable) {
        if (!schedulerTable.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("db-scheduler.table-name is not a table name: " + schedulerTable);
        }
        this.schedulerTable = schedulerTable;
        this.meters = meters;
        this.jdbc = jdbc;
        this.client = client.withReadTimeout(properties.requestTimeout());
        this.publicUrl = publicUrl;
        this.tx = tx;
        this.scheduler = scheduler;
        this.events = events;
        this.properties = properties;
    }

    public static boolean supported(PeerLink peer) {
        return peer.endpoint("commands", InterfaceRole.RECEIVER).isPresent();
    }

    /**
     * Records a command about to be sent, in the caller's transaction if there is one (so the
     * caller's own rows and the command commit together). Send it with
     * {@link #send(PeerLink, UUID, CommandType, Function, Consumer)} after that commit.
     */
    public UUID prepare(UUID connectionId, CommandType type, String jobSessionId) {
        UUID id = UUID.randomUUID();
        // a deadline from the start: should we die before the CPO's answer is recorded, the command
        // is still settled (the answer, once recorded, moves it to the CPO's own timeout). The task
        // row is db-scheduler's own (what SchedulerClient.scheduleIfNotExists inserts for a new
        // instance without data), written by the same statement as the command: one round trip
        // instead of three, and atomic even outside a transaction
        Instant deadline = Instant.now().plus(properties.requestTimeout()).plus(properties.unansweredTimeout())
                .plus(properties.resultGrace());
        jdbc.sql("""
                with command as (
                    insert into ocpi_command (id, connection_id, command, job_session_id, status)
                    values (?, ?, ?, ?, 'SENDING') returning id
                )
                insert into %s (task_name, task_instance, task_data, execution_time, picked, version)
                select ?, command.id::text, null, ?, false, 1 from command""".formatted(schedulerTable))
                .params(id, connectionId, type.name(), jobSessionId, DEADLINE.getTaskName(), Timestamp.from(deadline))
                .update();
        return id;
    }

    /** The result the CPO posted for a command, if any (read in the caller's transaction). */
    public Optional<CommandResult.Type> result(UUID commandId) {
        return jdbc.sql("select result from ocpi_command where id = ?").param(commandId).query(String.class).optional()
                .map(CommandResult.Type::valueOf);
    }

    /**
     * A command as recorded: {@code status} is the CPO's synchronous answer (SENDING until it came,
     * EXPIRED when no result came in time), {@code result} its asynchronous CommandResult.
     */
    public record SentRecord(UUID id, CommandType command, String status, String responseMessage, String result,
                             String resultMessage, Instant createdAt, Instant resultAt, Instant deadline) {
    }

    /** The commands sent for one of our robot sessions, oldest first (read by the console's job page). */
    public List<SentRecord> forJobSession(String jobSessionId) {
        return jdbc.sql("""
                select id, command, status, response_message, result, result_message, created_at, result_at, deadline
                  from ocpi_command where job_session_id = ? order by created_at, id limit 100""")
                .param(jobSessionId)
                .query((rs, n) -> new SentRecord(rs.getObject(1, UUID.class), CommandType.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), instant(rs, 7),
                        instant(rs, 8), instant(rs, 9)))
                .list();
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /**
     * Sends a prepared command and records the CPO's answer; {@code inTransaction} runs in the
     * same transaction as that record (one commit for both). {@code body} builds the request from
     * its response_url. Must not run inside a transaction: the command row has to be committed,
     * visible to the callback, before the CPO can answer.
     */
    public SentCommand send(PeerLink peer, UUID id, CommandType type, Function<String, Object> body,
                            Consumer<SentCommand> inTransaction) {
        String endpoint = peer.endpoint("commands", InterfaceRole.RECEIVER).orElseThrow(() ->
                new IllegalStateException("connection " + peer.connectionId() + " has no commands endpoint"));
        String url = (endpoint.endsWith("/") ? endpoint : endpoint + "/") + type.name();
        SentCommand sent = call(id, url, peer, body.apply(publicUrl.of(CALLBACK + "/" + id)));
        tx.executeWithoutResult(s -> {
            Instant deadline = null;
            if (sent.pending()) {
                Duration wait = sent.cpoTimeoutSeconds() != null && sent.cpoTimeoutSeconds() > 0
                        ? Duration.ofSeconds(sent.cpoTimeoutSeconds()) : properties.unansweredTimeout();
                deadline = Instant.now().plus(wait).plus(properties.resultGrace());
            }
            // the answer and the deadline it sets in one statement: the deadline task (not yet picked)
            // is moved in db-scheduler's table the way SchedulerClient.reschedule moves it
            // ... and the result a callback may have recorded before it (read in the same statement)
            var recorded = jdbc.sql("""
                    with command as (
                        update ocpi_command set status = ?, cpo_timeout_seconds = ?, response_message = ?, deadline = ?
                         where id = ? returning id, result
                    ), moved as (
                        update %s set execution_time = ?, version = version + 1
                         where ? and task_name = ? and task_instance = (select id::text from command)
                           and not picked
                        returning 1
                    )
                    select (select count(*) from moved), (select result from command)""".formatted(schedulerTable))
                    .params(sent.outcome().name(), sent.cpoTimeoutSeconds(), sent.message(),
                            deadline == null ? null : Timestamp.from(deadline), id,
                            deadline == null ? null : Timestamp.from(deadline), deadline != null,
                            DEADLINE.getTaskName())
                    .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2)}).single();
            int moved = (Integer) recorded[0];
            String resultBefore = (String) recorded[1];
            if (deadline != null && moved == 0) {
                // the task is gone (or running): the scheduler's own way, as before
                var scheduled = DEADLINE.instance(id.toString()).data(id.toString()).scheduledTo(deadline);
                if (!scheduler.getObject().scheduleIfNotExists(scheduled)) {
                    scheduler.getObject().reschedule(scheduled);
                }
            }
            inTransaction.accept(resultBefore == null ? sent : new SentCommand(sent.commandId(), sent.outcome(),
                    sent.cpoTimeoutSeconds(), sent.message(), CommandResult.Type.valueOf(resultBefore)));
        });
        meters.counter("ocpi.commands.sent", "command", type.name(), "response", sent.outcome().name()).increment();
        log.info("{} {} on connection {}: {}{}", type, id, peer.connectionId(), sent.outcome(),
                sent.message() == null ? "" : " (" + sent.message() + ")");
        return sent;
    }

    private SentCommand call(UUID id, String url, PeerLink peer, Object body) {
        OcpiResult<CommandResponse> answer;
        try {
            answer = client.send(HttpMethod.POST, url, peer.peer().forModule("commands"), body, CommandResponse.class);
        } catch (OcpiClientException e) {
            return e.mayHaveArrived()
                    ? new SentCommand(id, SentCommand.Outcome.TIMEOUT, null, "no usable answer from the CPO: "
                    + e.getMessage())
                    : new SentCommand(id, SentCommand.Outcome.UNREACHABLE, null, e.getMessage());
        }
        CommandResponse response = answer.data();
        if (answer.isSuccess() && response != null && response.result() != null) {
            return new SentCommand(id, SentCommand.Outcome.valueOf(response.result().name()), response.timeout(),
                    response.text());
        }
        String message = "HTTP " + answer.httpStatus() + ", status_code " + answer.statusCode()
                + (answer.statusMessage() == null ? "" : ": " + answer.statusMessage());
        if (answer.httpStatus() == 429) {
            // too many requests: certainly not carried out, and worth trying again later
            return new SentCommand(id, SentCommand.Outcome.UNREACHABLE, null, message);
        }
        // a 5xx says nothing about whether the command was carried out; anything else is a refusal
        return answer.httpStatus() >= 500
                ? new SentCommand(id, SentCommand.Outcome.TIMEOUT, null, message)
                : new SentCommand(id, SentCommand.Outcome.REJECTED, null, message);
    }

    /**
     * A result posted to one of our response_urls. Only the connection the command went to may
     * post it; the first result counts, repeats are acknowledged and change nothing.
     */
    void receiveResult(OcpiCaller caller, String commandId, CommandResult result) {
        UUID id = parse(commandId);
        tx.executeWithoutResult(s -> {
            // the first result of the caller's own command, recorded in one statement; anything else
            // (unknown, another connection's, a repeat) is told apart by reading the row
            var recorded = jdbc.sql("""
                    update ocpi_command set result = ?, result_message = ?, result_at = now()
                     where id = ? and connection_id = ? and result is null
                    returning connection_id, command, job_session_id, status, result, cpo_timeout_seconds""")
                    .params(result.result().name(), result.text(), id, caller.connectionId())
                    .query((rs, n) -> row(rs)).optional();
            if (recorded.isEmpty()) {
                var row = find(id).filter(r -> r.connectionId().equals(caller.connectionId()))
                        .orElseThrow(() -> unknown(commandId));
                log.info("Result {} for command {} repeated ({} first): acknowledged, nothing changed",
                        result.result(), id, row.result());
                return;
            }
            var row = recorded.get();
            boolean late = "EXPIRED".equals(row.status());
            log.info("{} {} result {}{}", row.command(), id, result.result(), late ? " (after we stopped waiting)" : "");
            AfterCommit.run(() -> meters.counter("ocpi.command.results", "command", row.command().name(), "result",
                    result.result().name(), "late", String.valueOf(late)).increment());
            events.publishEvent(new CommandEvents.ResultReceived(id, row.connectionId(), row.command(),
                    row.jobSessionId(), result.result(), result.text(), late));
        });
    }

    /**
     * The deadline of a command passed. Without a result the command is given up (a late result
     * is still taken). A START_SESSION whose result was ACCEPTED is announced too: the CPO said
     * the charger started, and by now its Session should be there (chargers that accept and then
     * never start, with no cable plugged or a car asleep, are common). Published again on every
     * run of the task, so a listener that failed is retried; listeners act on their own state and
     * are idempotent.
     */
    void expire(UUID id) {
        Optional<CommandEvents.Expired> expired = tx.execute(s -> {
            var row = find(id).filter(r -> (r.result() == null && List.of("SENDING", "ACCEPTED", "TIMEOUT", "EXPIRED")
                            .contains(r.status())) || r.startAccepted());
            row.filter(r -> r.result() == null)
                    .ifPresent(r -> jdbc.sql("update ocpi_command set status = 'EXPIRED' where id = ?").param(id).update());
            row.filter(r -> r.result() == null && !"EXPIRED".equals(r.status())).ifPresent(r -> AfterCommit.run(() ->
                    meters.counter("ocpi.commands.expired", "command", r.command().name()).increment()));
            return row.map(r -> new CommandEvents.Expired(id, r.connectionId(), r.command(), r.jobSessionId(),
                    r.acceptedByCpo(), r.startAccepted()));
        });
        expired.ifPresent(e -> {
            log.info(e.resultAccepted() ? "{} {} was accepted: checking that its session followed"
                    : "{} {} got no result in time", e.command(), id);
            events.publishEvent(e);
        });
    }

    /** The command's row, locked. */
    private Optional<Row> find(UUID id) {
        return jdbc.sql("select connection_id, command, job_session_id, status, result, cpo_timeout_seconds"
                        + " from ocpi_command where id = ? for update").param(id)
                .query((rs, n) -> row(rs)).optional();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getObject(1, UUID.class), CommandType.valueOf(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), (Integer) rs.getObject(6));
    }

    private static UUID parse(String commandId) {
        try {
            return UUID.fromString(commandId);
        } catch (IllegalArgumentException e) {
            throw unknown(commandId);
        }
    }

    private static OcpiException unknown(String commandId) {
        return new OcpiException(OcpiStatus.INVALID_PARAMETERS, HttpStatus.NOT_FOUND,
                "Unknown command " + (commandId.length() > 40 ? commandId.substring(0, 40) + "..." : commandId));
    }

    private record Row(UUID connectionId, CommandType command, String jobSessionId, String status, String result,
                       Integer cpoTimeoutSeconds) {

        /** The CPO answered ACCEPTED (before any deadline marked it EXPIRED). */
        boolean acceptedByCpo() {
            return status.equals("ACCEPTED") || (status.equals("EXPIRED") && cpoTimeoutSeconds != null);
        }

        /** A START_SESSION whose CommandResult was ACCEPTED. */
        boolean startAccepted() {
            return command == CommandType.START_SESSION && "ACCEPTED".equals(result);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        OneTimeTask<String> commandDeadlineTask(ObjectProvider<CommandService> commands) {
            // a listener that cannot settle yet (e.g. a Sessions pull already running) fails the run: retried
            return Tasks.oneTime(DEADLINE)
                    .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(6,
                            new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2.0)))
                    .execute((instance, context) -> commands.getObject().expire(UUID.fromString(instance.getId())));
        }
    }
}
