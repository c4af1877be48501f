package com.rollyy.emsp.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.SchedulerClient;

/**
 * The safety net under the task: an open payment (QUEUED or PROCESSING) whose task row is gone
 * gets a new one. Normally the row is written with the payment and removed only when it is
 * done; this covers a release racing a finishing run, or a row removed by hand.
 */
@Component
class PaymentSweep {

    private static final Logger log = LoggerFactory.getLogger(PaymentSweep.class);

    private final JdbcClient jdbc;

    PaymentSweep(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param scheduler the running scheduler's client, handed in by the task (a task bean
     *                  cannot depend on the scheduler that is built from it)
     * @return how many payments were scheduled again
     */
    int sweep(SchedulerClient scheduler) {
        // a minute's grace: a payment being queued right now gets its row in its own transaction
        List<UUID> orphans = jdbc.sql("""
                        select p.id from payment p
                        where p.status in ('QUEUED', 'PROCESSING') and p.updated_at < now() - interval '1 minute'
                          and not exists (select 1 from scheduled_tasks t
                                          where t.task_name = ? and t.task_instance = p.id::text)
                        order by p.created_at limit 1000""")
                .param(PaymentTask.NAME).query(UUID.class).list();
        int scheduled = 0;
        for (UUID id : orphans) {
            if (scheduler.scheduleIfNotExists(PaymentTask.instance(id), Instant.now())) {
                scheduled++;
            }
        }
        if (scheduled > 0) {
            log.warn("{} open payments had no task: scheduled again", scheduled);
        }
        return scheduled;
    }
}
