package dev.postcard.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a tracking hit was a machine, and which {@link MachineReason#code()} says why. A machine verdict
 * always has a reason and a human one never does.
 */
record MachineVerdict(boolean machine, Optional<String> reason) {
    private static final MachineVerdict HUMAN = new MachineVerdict(false, Optional.empty());

    public MachineVerdict {
        Objects.requireNonNull(reason, "reason");
        if (machine != reason.isPresent()) {
            throw new IllegalArgumentException("a machine verdict needs a reason, a human one must not have one");
        }
    }

    public static MachineVerdict human() {
        return HUMAN;
    }

    public static MachineVerdict machine(MachineReason reason) {
        return new MachineVerdict(true, Optional.of(reason.code()));
    }
}
