package com.rollyy.emsp.sync;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Product API (X-API-Key): pull a CPO's Locations or Tariffs now. */
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

    @PostMapping("/ocpi/2.2.1/tariffs/sync/{connectionId}")
    SyncService.SyncResult tariffs(@PathVariable UUID connectionId, @RequestParam(defaultValue = "false") boolean full) {
        return sync.run(connectionId, "tariffs", full);
    }
}
