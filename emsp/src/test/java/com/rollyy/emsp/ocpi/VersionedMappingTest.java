package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPatternParser;

/** The literal prefixes by which the request mapping skips mappings that cannot match. */
class VersionedMappingTest {

    private static RequestMappingInfo info(String... paths) {
        var options = new RequestMappingInfo.BuilderConfiguration();
        options.setPatternParser(PathPatternParser.defaultInstance);
        return RequestMappingInfo.paths(paths).options(options).build();
    }

    @Test
    void everyPatternGivesItsTextUpToTheFirstVariableOrWildcard() {
        assertThat(OcpiVersionEdge.VersionedMapping.literalPrefixes(info(
                "/ocpi/2.2.1/locations/{country_code}/{party_id}", "/ocpi/2.1.1/locations/{country_code}")))
                .containsExactlyInAnyOrder("/ocpi/2.2.1/locations/", "/ocpi/2.1.1/locations/");
        assertThat(OcpiVersionEdge.VersionedMapping.literalPrefixes(info("/ocpi/versions")))
                .containsExactly("/ocpi/versions");
        assertThat(OcpiVersionEdge.VersionedMapping.literalPrefixes(info("/console/**"))).containsExactly("/console/");
    }

    @Test
    void aPatternThatStartsWithAVariableLetsEveryPathThrough() {
        assertThat(OcpiVersionEdge.VersionedMapping.literalPrefixes(info("/{anything}/x", "/ocpi/x")))
                .containsExactlyInAnyOrder("/", "/ocpi/x");
        assertThat(OcpiVersionEdge.VersionedMapping.literalPrefixes(info("{anything}"))).as("made /{anything}")
                .containsExactly("/");
    }
}
