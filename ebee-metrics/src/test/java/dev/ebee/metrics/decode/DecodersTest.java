package dev.ebee.metrics.decode;

import dev.ebee.metrics.MetricsConfig.DecoderConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each decoder against a table of inputs and outputs, the system ones against a fake /proc and /sys. */
class DecodersTest {
    @TempDir
    static Path root;
    static Path cgroupChild;

    @BeforeAll
    static void fakeSystem() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/kallsyms"), """
                0000000000000000 A fixed_percpu_data
                ffffffff81000000 T _stext
                ffffffff81001000 T do_sys_open
                ffffffff81001800 t helper_local
                ffffffff81002000 D some_data
                """);
        Files.writeString(root.resolve("proc/diskstats"), """
                 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11
                   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11
                """);
        for (String[] nic : new String[][] {{"lo", "1"}, {"eth0", "2"}}) {
            Files.createDirectories(root.resolve("sys/class/net/" + nic[0]));
            Files.writeString(root.resolve("sys/class/net/" + nic[0] + "/ifindex"), nic[1] + "\n");
        }
        cgroupChild = Files.createDirectories(root.resolve("sys/fs/cgroup/system.slice/ebee.service"));
    }

    /** One row: decoders (by name, settings as in YAML), the input (hex bytes, or text after uint), the output (null: dropped). */
    record Row(List<DecoderConfig> chain, byte[] raw, String expected) {
        @Override
        public String toString() {
            return chain.stream().map(DecoderConfig::name).toList() + " " + (raw == null ? "" : HexFormat.of().formatHex(raw))
                    + " -> " + expected;
        }
    }

    static Row row(String hex, String expected, DecoderConfig... chain) {
        return new Row(List.of(chain), HexFormat.of().parseHex(hex), expected);
    }

    static DecoderConfig d(String name) {
        return DecoderConfig.of(name);
    }

    static DecoderConfig staticMap(boolean allowUnknown, Map<String, String> map) {
        return new DecoderConfig("static_map", map, List.of(), allowUnknown);
    }

    static DecoderConfig regexp(String... patterns) {
        return new DecoderConfig("regexp", Map.of(), List.of(patterns), false);
    }

    static Stream<Row> table() {
        return Stream.of(
                row("2a", "42", d("uint")),
                row("3412", "4660", d("uint")),
                row("78563412", "305419896", d("uint")),
                row("ffffffffffffffff", "18446744073709551615", d("uint")),
                row("62617368000000000000000000000000", "bash", d("string")),
                row("6c73", "ls", d("string")),
                row("00ff10", "00ff10", d("hex")),
                row("02000000", "ENOENT", d("errno")),
                row("0d00000000000000", "EACCES", d("uint"), d("errno")),
                row("3b00000000000000", "execve", d("uint"), d("syscall")),
                row("00000000", "read", d("syscall")),
                row("39300000", "12345", d("syscall")),
                row("7f000001", "127.0.0.1", d("inet_ip")),
                row("c6120001", "198.18.0.1", d("inet_ip")),
                row("00000000000000000000000000000001", "::1", d("inet_ip")),
                row("20010db8000000000001000000000001", "2001:db8::1:0:0:1", d("inet_ip")),
                row("fe800000000000000000000000000000", "fe80::", d("inet_ip")),
                row("20010db8000100010001000100010001", "2001:db8:1:1:1:1:1:1", d("inet_ip")),
                row("01000000", "read", d("uint"), staticMap(false, Map.of("1", "read", "2", "write"))),
                row("02000000", "write", staticMap(false, Map.of("1", "read", "2", "write"))),
                row("03000000", null, d("uint"), staticMap(false, Map.of("1", "read"))),
                row("03000000", "3", d("uint"), staticMap(true, Map.of("1", "read"))),
                row("626173680000", "bash", d("string"), regexp("^ba", "^zsh$")),
                row("7a7368000000", "zsh", d("string"), regexp("^ba", "^zsh$")),
                row("6c7300000000", null, d("string"), regexp("^ba", "^zsh$")),
                row("20100081ffffffff", "do_sys_open", d("ksym")),
                row("00100081ffffffff", "do_sys_open", d("ksym")),
                row("00180081ffffffff", "helper_local", d("ksym")),
                row("0000000000000000", "0x0", d("ksym")),
                row("00003010", "nvme0n1", d("majorminor")),
                row("10008000", "sdb", d("majorminor")),
                row("05007000", "7:5", d("majorminor")),
                row("01000000", "lo", d("ifname")),
                row("02000000", "eth0", d("uint"), d("ifname")),
                row("63000000", "99", d("ifname")),
                row("03777777076578616d706c6503636f6d00", "www.example.com", d("dname")),
                row("00", ".", d("dname")));
    }

    @ParameterizedTest
    @MethodSource("table")
    void decodes(Row row) {
        assertThat(decode(row.chain(), row.raw())).isEqualTo(row.expected());
    }

    @Test
    void cgroupIdIsTheDirectorysInode() throws Exception {
        long ino = ((Number) Files.getAttribute(cgroupChild, "unix:ino")).longValue();
        byte[] raw = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(ino).array();
        assertThat(decode(List.of(d("cgroup")), raw)).isEqualTo(cgroupChild.toString());
        assertThat(decode(List.of(d("uint"), d("cgroup")), raw)).isEqualTo(cgroupChild.toString());
        assertThat(decode(List.of(d("cgroup")), new byte[] {1, 0, 0, 0, 0, 0, 0, 0x70})).isEqualTo(Long.toString(0x7000000000000001L));
    }

    @Test
    void inputsADecoderCannotReadAreErrors() {
        assertThatThrownBy(() -> decode(List.of(d("uint")), new byte[3])).isInstanceOf(DecodeException.class)
                .hasMessageContaining("1, 2, 4 or 8 bytes, not 3");
        assertThatThrownBy(() -> decode(List.of(d("inet_ip")), new byte[6])).isInstanceOf(DecodeException.class)
                .hasMessageContaining("4 or 16 bytes, not 6");
        assertThatThrownBy(() -> decode(List.of(d("string"), d("errno")), "x".getBytes())).isInstanceOf(DecodeException.class)
                .hasMessageContaining("not a number: \"x\"");
        assertThatThrownBy(() -> decode(List.of(d("dname")), new byte[] {9, 'a', 0})).isInstanceOf(DecodeException.class)
                .hasMessageContaining("label length 9");
    }

    @Test
    void everyNamedDecoderExists() {
        Decoders decoders = new Decoders(root);
        for (String name : Decoders.NAMES) {
            DecoderConfig c = switch (name) {
                case "static_map" -> staticMap(false, Map.of("1", "x"));
                case "regexp" -> regexp(".");
                default -> d(name);
            };
            assertThat(decoders.create(c)).as(name).isNotNull();
        }
    }

    private static String decode(List<DecoderConfig> chain, byte[] raw) {
        Decoders decoders = new Decoders(root);
        String text = null;
        for (DecoderConfig c : chain) {
            text = decoders.create(c).decode(raw, text);
            raw = null;
            if (text == null) {
                return null;
            }
        }
        return text;
    }
}
