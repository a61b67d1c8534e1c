package dev.selfheal.scorer.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileBlobsTest extends BlobsContract {

    @TempDir
    Path dir;

    private FileBlobs blobs;

    @Override
    protected Blobs blobs() {
        if (blobs == null) {
            blobs = new FileBlobs(dir);
        }
        return blobs;
    }

    @Override
    protected String prefix() {
        return "files";
    }
}
