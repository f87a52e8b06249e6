package dev.ebee.cli.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UsersTest {
    @Test
    void aNumberOrANameFromPasswd(@TempDir Path tmp) throws Exception {
        Path passwd = Files.writeString(tmp.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                """);
        assertThat(Users.uid("1000", passwd)).hasValue(1000);
        assertThat(Users.uid("nobody", passwd)).hasValue(65534);
        assertThat(Users.uid("root", passwd)).hasValue(0);
        assertThat(Users.uid("nob", passwd)).isEmpty();
        assertThat(Users.uid("", passwd)).isEmpty();
        assertThat(Users.uid("99999999999", passwd)).isEmpty();
        assertThat(Users.uid("root", tmp.resolve("absent"))).isEmpty();
    }
}
