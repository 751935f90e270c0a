package dev.turnengine.benchmarks.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;

/** Latency samples in nanoseconds, recorded from many threads, read as percentiles once recording is over. */
public final class LatencySamples {

    private long[] values = new long[4096];
    private int size;

    /** Records one sample. */
    public synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /** Records every sample of {@code other}. */
    public synchronized void addAll(LatencySamples other) {
        long[] copy = other.snapshot();
        for (long value : copy) {
            add(value);
        }
    }

    public synchronized int count() {
        return size;
    }

    /** The samples, sorted. */
    public synchronized long[] snapshot() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /** The percentiles of the samples recorded so far; {@link Percentiles#EMPTY} when there are none. */
    public Percentiles percentiles() {
        return Percentiles.of(snapshot());
    }

    /** Writes the samples to a file, for a parent process to merge. */
    public void writeTo(Path file) {
        long[] copy = snapshot();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(copy.length);
            for (long value : copy) {
                out.writeLong(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads samples written by {@link #writeTo}. */
    public static LatencySamples readFrom(Path file) {
        LatencySamples samples = new LatencySamples();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                samples.add(in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }
}
