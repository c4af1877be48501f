package com.rollyy.emsp.console;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.locations.AssetQuery;
import com.rollyy.emsp.locations.Evse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The assets map's projection, zoom and pan, and its markers (no Spring). */
class ConsoleAssetMapTest {

    private static final AssetQuery.Box NL = new AssetQuery.Box(50.0, 3.0, 54.0, 7.0);

    @Test
    void theCornersOfTheBoxAreTheCornersOfTheViewport() {
        var map = new ConsoleAssetMap(NL);
        assertThat(map.x(3.0)).isCloseTo(0, within(1e-9));
        assertThat(map.x(7.0)).isCloseTo(ConsoleAssetMap.WIDTH, within(1e-9));
        assertThat(map.y(54.0)).isCloseTo(0, within(1e-9));
        assertThat(map.y(50.0)).isCloseTo(ConsoleAssetMap.HEIGHT, within(1e-9));
        assertThat(map.x(5.0)).isCloseTo(ConsoleAssetMap.WIDTH / 2.0, within(1e-9));
    }

    @Test
    void latitudesAreStretchedAsWebMercatorStretchesThem() {
        var map = new ConsoleAssetMap(NL);
        // the middle latitude lies below the middle of the picture: northern degrees are drawn taller
        assertThat(map.y(52.0)).isGreaterThan(ConsoleAssetMap.HEIGHT / 2.0);
        assertThat(ConsoleAssetMap.mercator(0)).isCloseTo(0, within(1e-12));
        assertThat(ConsoleAssetMap.mercator(45)).isCloseTo(Math.log(Math.tan(Math.PI * 3 / 8)), within(1e-12));
        assertThat(ConsoleAssetMap.mercator(90)).isEqualTo(ConsoleAssetMap.mercator(ConsoleAssetMap.MAX_LATITUDE));
    }

    @Test
    void zoomHalvesOrDoublesTheSpanAroundTheSameCentreAndPanKeepsTheSpanAtTheEdgeOfTheWorld() {
        var map = new ConsoleAssetMap(NL);
        assertThat(map.zoomIn()).isEqualTo(new AssetQuery.Box(51.0, 4.0, 53.0, 6.0));
        assertThat(map.zoomOut()).isEqualTo(new AssetQuery.Box(48.0, 1.0, 56.0, 9.0));
        assertThat(map.pan(1, 0)).isEqualTo(new AssetQuery.Box(52.0, 3.0, 56.0, 7.0));
        assertThat(map.pan(0, -1)).isEqualTo(new AssetQuery.Box(50.0, 1.0, 54.0, 5.0));
        var edge = new ConsoleAssetMap(new AssetQuery.Box(80.0, 170.0, 88.0, 180.0));
        assertThat(edge.pan(1, 1)).isEqualTo(new AssetQuery.Box(82.0, 170.0, 90.0, 180.0));
        assertThat(new ConsoleAssetMap(new AssetQuery.Box(-90, -180, 90, 180)).zoomOut())
                .isEqualTo(new AssetQuery.Box(-90, -180, 90, 180));
    }

    @Test
    void aSingleLocationStillGetsAViewAroundIt() {
        var view = ConsoleAssetMap.around(new AssetQuery.Box(52.37, 4.89, 52.37, 4.89));
        assertThat(view.north() - view.south()).isGreaterThanOrEqualTo(ConsoleAssetMap.MIN_SPAN);
        assertThat(view.south()).isLessThan(52.37);
        assertThat(view.east()).isGreaterThan(4.89);
    }

    @Test
    void aBadBoundingBoxIsRefusedNamingTheField() {
        assertThat(ConsoleAssetMap.parse(" 50, 3,54,7")).isEqualTo(NL);
        assertThat(ConsoleAssetMap.format(NL)).isEqualTo("50.00000,3.00000,54.00000,7.00000");
        for (String bad : List.of("50,3,54", "a,b,c,d", "54,3,50,7", "50,3,54,200", "NaN,3,54,7")) {
            assertThatThrownBy(() -> ConsoleAssetMap.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bbox");
        }
    }

    @Test
    void locationsAreDotsClassedByStatusAndCellsAreCountsThatZoomIn() {
        var map = new ConsoleAssetMap(NL);
        var markers = map.markers(List.of(
                new AssetQuery.MapPoint(52.0, 5.0, "Depot", Evse.Status.AVAILABLE, 3),
                new AssetQuery.MapPoint(51.0, 4.0, "1200 locations", null, 1200)), 0.2, 0.3);
        assertThat(markers.get(0).cssClass()).isEqualTo("pt status-available");
        assertThat(markers.get(0).label()).isEqualTo("Depot: available, 3 EVSEs");
        assertThat(markers.get(0).zoomTo()).isNull();
        assertThat(markers.get(0).x()).isEqualTo(400.0);
        assertThat(markers.get(1).cssClass()).isEqualTo("pt cell");
        assertThat(markers.get(1).count()).isEqualTo(1200);
        assertThat(markers.get(1).r()).isGreaterThan(markers.get(0).r());
        assertThat(markers.get(1).zoomTo()).isEqualTo("50.80000,3.70000,51.20000,4.30000");
    }
}
