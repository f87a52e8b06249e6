package dev.ebee.internal.cache;

import dev.ebee.internal.sys.Log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * One cache file on disk, named by its key. Reading never fails: a file that is missing, not the
 * user's own, writable by others, too large or damaged reads as absent. Writing never fails either:
 * the file is written beside its final name and renamed onto it, so a reader sees the old file or
 * the new one, never part of one; a full disk or a read-only directory only costs the cache.
 */
public final class CacheFile {
    private final Path path;
    private final byte[] identity;

    /** The file in {@code dir} for answers computed from {@code identity} (see {@link CacheFormat}). */
    public CacheFile(Path dir, byte[] identity) {
        this.identity = identity.clone();
        this.path = dir.resolve(CacheFormat.fileName(identity));
    }

    public Path path() {
        return path;
    }

    /** The entries of the file, or null when there is no usable file. */
    public Map<String, byte[]> read() {
        try {
            if (!CacheDir.trusted(path)) {
                Log.debug("ebee: cache file " + path + " not owned by this user or writable by others: ignored");
                return null;
            }
            byte[] data;
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                data = in.readNBytes(CacheFormat.MAX_SIZE + 1);
            }
            Map<String, byte[]> entries = CacheFormat.decode(identity, data);
            if (entries == null) {
                Log.debug("ebee: cache file " + path + " is damaged or of another version: ignored");
            }
            return entries;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            Log.debug("ebee: cache file " + path + " unreadable: " + e);
            return null;
        }
    }

    /** Replaces the file by one holding {@code entries}; on any failure leaves things as they were. */
    public void write(Map<String, byte[]> entries) {
        Path tmp = null;
        try {
            byte[] data = CacheFormat.encode(identity, entries);
            if (data.length > CacheFormat.MAX_SIZE) {
                return;
            }
            // createTempFile: a fresh name, mode 0600
            tmp = Files.createTempFile(path.getParent(), ".tmp-", ".core");
            Files.write(tmp, data);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return; // no half-written files: rather no cache
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            Log.debug("ebee: cache file " + path + " not written: " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the directory went away or read-only: nothing left to clean
                }
            }
        }
    }
}
