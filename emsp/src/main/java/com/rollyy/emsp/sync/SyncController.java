package com.rollyy.emsp.sync;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Product API (X-API-Key): pull a CPO's Locations, Tariffs, Sessions or CDRs now. */
@RestController
class SyncController {

    private final SyncService sync;

    SyncController(SyncService sync) {
        this.sync = sync;
    }

    @PostMapping("/ocpi/2.2.1/locations/sync/{connectionId}")
    SyncService.SyncResult locations(@PathVariable UUID connectionId,
                                     @RequestParam(defaultValue = "false") boolean full) {
        return sync.run(connectionId, "locations", full);
    }

    /** Sessions are always pulled with date_from (incremental after the first pull, else the sessions window). */
    @org.springframework.web.bind.annotation.GetMapping("/ocpi/2.2.1/sessions/sync/{connectionId}")
    SyncService.SyncResult sessions(@PathVariable UUID connectionId) {
        return sync.run(connectionId, "sessions", false);
    }

    @PostMapping("/ocpi/2.2.1/cdrs/sync/{connectionId}")
    SyncService.SyncResult cdrs(@PathVariable UUID connectionId) {
        return sync.run(connectionId, "cdrs", false);
    }

    @PostMapping("/ocpi/2.2.1/tariffs/sync/{connectionId}")
    SyncService.SyncResult tariffs(@PathVariable UUID connectionId, @RequestParam(defaultValue = "false") boolean full) {
        return sync.run(connectionId, "tariffs", full);
    }
}
