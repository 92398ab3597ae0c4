package dev.postcard.stats;

import java.util.Arrays;

/** The counts of one group (and bucket), indexed by {@link Counter}; immutable. */
public final class StatsCounts {
    private final long[] values;

    private StatsCounts(long[] values) {
        this.values = values;
    }

    /** {@code values} in {@link Counter} order; copied. */
    public static StatsCounts of(long[] values) {
        if (values.length != Counter.count()) {
            throw new IllegalArgumentException("expected " + Counter.count() + " counts, got " + values.length);
        }
        return new StatsCounts(values.clone());
    }

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    public Rates rates() {
        return Rates.of(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatsCounts that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("StatsCounts{");
        for (Counter counter : Counter.all()) {
            out.append(counter.column()).append('=').append(values[counter.ordinal()]).append(' ');
        }
        return out.append('}').toString();
    }
}
