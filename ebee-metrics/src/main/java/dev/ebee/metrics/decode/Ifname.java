package dev.ebee.metrics.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code ifname}: a network interface index to its name, from {@code /sys/class/net/NAME/ifindex}
 * (read on every miss, since interfaces come and go); an index no interface has stays a number.
 */
final class Ifname implements Decoder {
    private final Path classNet;

    Ifname(Path classNet) {
        this.classNet = classNet;
    }

    @Override
    public String decode(byte[] raw, String text) {
        String index = Long.toString(Decoder.number(raw, text));
        try (Stream<Path> links = Files.list(classNet)) {
            for (Path link : (Iterable<Path>) links::iterator) {
                Path file = link.resolve("ifindex");
                if (Files.isReadable(file) && Files.readString(file).trim().equals(index)) {
                    return link.getFileName().toString();
                }
            }
        } catch (IOException e) {
            throw new DecodeException("cannot list " + classNet + ": " + e.getMessage());
        }
        return index;
    }
}
