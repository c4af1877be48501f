package com.rollyy.emsp.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records events for the robot backend. An event is inserted, and its delivery scheduled, in the
 * caller's transaction: it exists exactly when the change it reports was committed.
 */
@Service
public class WebhookEvents {

    static final TaskDescriptor<String> DELIVERY = TaskDescriptor.of("webhook-delivery", String.class);

    /** Event types, named after what happened. */
    public static final String SESSION_STARTED = "session.started";
    public static final String SESSION_START_FAILED = "session.start_failed";
    public static final String SESSION_STOP_FAILED = "session.stop_failed";
    public static final String SESSION_FAILED = "session.failed";
    public static final String SESSION_STOPPED = "session.stopped";
    public static final String SESSION_COMPLETED = "session.completed";
    public static final String CDR_PRICED = "cdr.priced";
    public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
    public static final String PAYMENT_FAILED = "payment.failed";

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final WebhookProperties properties;

    WebhookEvents(JdbcClient jdbc, ObjectMapper mapper, ObjectProvider<SchedulerClient> scheduler,
                  WebhookProperties properties) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /**
     * Stores an event {@code {id, type, created_at, robot_job_id, data}} and schedules its
     * delivery. Joins the caller's transaction (there must be one).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID publish(String type, UUID robotJobId, Object data) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode payload = mapper.createObjectNode();
        payload.put("id", id.toString());
        payload.put("type", type);
        payload.put("created_at", now.toString());
        payload.put("robot_job_id", robotJobId == null ? null : robotJobId.toString());
        payload.set("data", mapper.valueToTree(data));
        var status = properties.enabled() ? WebhookEvent.Status.PENDING : WebhookEvent.Status.NOT_CONFIGURED;
        jdbc.sql("insert into webhook_event (id, type, robot_job_id, payload, status, created_at)"
                        + " values (?, ?, ?, ?::jsonb, ?, ?)")
                .params(id, type, robotJobId, mapper.writeValueAsString(payload), status.name(), Timestamp.from(now))
                .update();
        if (properties.enabled()) {
            scheduler.getObject().scheduleIfNotExists(DELIVERY.instance(id.toString()).data(id.toString())
                    .scheduledTo(Instant.now()));
        }
        return id;
    }

    /** One delivery attempt of an event: its number (from 1), when, how it went, and the error. */
    public record Attempt(UUID eventId, int attempt, Instant at, String outcome, String error) {
    }

    /** The delivery attempts of a job's events, by event and number (the console's job page). */
    public List<Attempt> attemptsForJob(UUID robotJobId) {
        return jdbc.sql("""
                select a.event_id, a.attempt, a.at, a.outcome, a.error from webhook_attempt a
                  join webhook_event e on e.id = a.event_id
                 where e.robot_job_id = ? order by e.seq, a.attempt""")
                .param(robotJobId)
                .query((rs, n) -> new Attempt(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    /** The events of a job, oldest first. */
    public List<WebhookEvent> forJob(UUID robotJobId) {
        return jdbc.sql("select * from webhook_event where robot_job_id = ? order by seq")
                .param(robotJobId).query((rs, n) -> new WebhookEvent(rs.getObject("id", UUID.class),
                        rs.getLong("seq"), rs.getString("type"), rs.getObject("robot_job_id", UUID.class),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("delivered_at") == null ? null : rs.getTimestamp("delivered_at").toInstant(),
                        mapper.readTree(rs.getString("payload"))))
                .list();
    }
}
