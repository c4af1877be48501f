package com.rollyy.emsp.sync;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * Periodic pulls run as a db-scheduler recurring task: with several instances on one database,
 * one of them looks for due pulls at a time, and each pull is claimed in {@code sync_state}.
 */
@Configuration(proxyBeanMethods = false)
class SyncConfig {

    static final String PULL_DUE = "ocpi-pull-due";

    @Bean
    RecurringTask<Void> ocpiPullDueTask(SyncService sync, SyncProperties properties) {
        return Tasks.recurring(PULL_DUE, FixedDelay.of(properties.checkEvery()))
                .execute((instance, context) -> sync.runDue());
    }
}
