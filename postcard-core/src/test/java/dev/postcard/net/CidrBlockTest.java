package dev.postcard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrBlockTest {
    @Test
    void matchesAddressesInsideThePrefix() throws Exception {
        CidrBlock block = CidrBlock.parse("100.64.0.0/10");

        assertThat(block.contains(InetAddress.getByName("100.64.0.1"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("100.127.255.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).as("other family").isFalse();
    }

    @Test
    void ipv6AndSingleHosts() throws Exception {
        assertThat(CidrBlock.parse("2a01:b740::/32").contains(InetAddress.getByName("2a01:b740:a41::5"))).isTrue();
        assertThat(CidrBlock.parse("2a01:b740::/32").contains(InetAddress.getByName("2a01:b741::5"))).isFalse();
        assertThat(CidrBlock.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(CidrBlock.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void rejectsWhatIsNotANetwork() {
        assertThatThrownBy(() -> CidrBlock.parse("example.com/8")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).hasMessageContaining("/33");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }
}
