package dev.ebee.fs;

import java.nio.file.Path;

/** Where a filesystem was found, and whether ebee mounted it just now to find it. */
public record Located(Path path, boolean mountedNow) {
}
