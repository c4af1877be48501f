package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A peer cannot make us call our own network (unless the operator allows private peers). */
class PeerAddressPolicyTest {

    private final PeerAddressPolicy production = new PeerAddressPolicy(false);
    private final PeerAddressPolicy development = new PeerAddressPolicy(true);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/ocpi/versions", "http://localhost/ocpi/versions",
            "http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.1.10/x", "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/x", "http://100.64.0.1/x", "http://[::1]/x", "http://[fd00::1]/x", "http://[fe80::1]/x",
            "http://[::ffff:127.0.0.1]/x", "http://224.0.0.1/x", "http://2130706433/x"})
    void ourOwnNetworkIsRefusedByDefault(String url) {
        assertThat(production.refusal(URI.create(url))).as(url).isNotNull();
        assertThat(development.refusal(URI.create(url))).as(url).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/ocpi/versions", "http://8.8.8.8/x", "http://[2001:4860:4860::8888]/x",
            "http://100.128.0.1/x", "http://172.32.0.1/x"})
    void publicAddressesAreCalled(String url) {
        assertThat(production.refusal(URI.create(url))).as(url).isNull();
    }

    @org.junit.jupiter.api.Test
    void theRefusalSaysHowToAllowALocalCpo() {
        assertThat(production.refusal(URI.create("http://127.0.0.1:9090/ocpi/versions")))
                .contains("127.0.0.1").contains("ROLLYY_OCPI_ALLOW_PRIVATE_PEERS");
    }
}
