package com.rollyy.emsp.console;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import com.rollyy.emsp.locations.LocationQueries;

/**
 * Whenever a console page is served and the Charging assets map has no snapshot of the network
 * yet (start-up's load not begun or failed), its load starts in the background: the operator who
 * then opens the map does not wait for it. Costs a map look-up per request otherwise.
 */
@ControllerAdvice(basePackageClasses = ConsoleMapWarmup.class)
class ConsoleMapWarmup {

    private final LocationQueries locations;

    ConsoleMapWarmup(LocationQueries locations) {
        this.locations = locations;
    }

    @ModelAttribute
    void warmMap() {
        locations.warmMap();
    }
}
