package com.rollyy.emsp.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** The audit log of operator actions (table console_audit), newest first. */
@Component
public class ConsoleAudit {

    public static final int PAGE_SIZE = 50;

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    ConsoleAudit(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public record Entry(long id, Instant at, String username, String action, String target, String detail) {
    }

    public void record(String username, String action, String target, Map<String, ?> detail) {
        jdbc.sql("insert into console_audit (username, action, target, detail) values (?, ?, ?, cast(? as jsonb))")
                .params(username, action, target, detail == null ? null : mapper.writeValueAsString(detail)).update();
    }

    /** One page (0-based) of {@link #PAGE_SIZE} entries, plus one more to tell whether a next page exists. */
    public List<Entry> page(int page) {
        return jdbc.sql("""
                        select id, at, username, action, target, detail::text from console_audit
                        order by at desc, id desc limit ? offset ?""")
                .params(PAGE_SIZE + 1, (long) Math.max(page, 0) * PAGE_SIZE)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }
}
