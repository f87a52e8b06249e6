package dev.ebee.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** User ids from what a user types: a number, or a name looked up in the passwd file (bcc's {@code -u USER}). */
public final class Users {
    private Users() {
    }

    /** The uid {@code user} names (a decimal uid, or a login name in {@code passwd}), or empty when none does. */
    public static OptionalInt uid(String user, Path passwd) {
        if (!user.isEmpty() && user.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return OptionalInt.of(Math.toIntExact(Long.parseLong(user)));
            } catch (ArithmeticException | NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        try (var lines = Files.lines(passwd)) {
            // name:password:UID:GID:gecos:home:shell
            return lines.map(l -> l.split(":", -1)).filter(f -> f.length > 2 && f[0].equals(user))
                    .mapToInt(f -> Integer.parseUnsignedInt(f[2])).findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
