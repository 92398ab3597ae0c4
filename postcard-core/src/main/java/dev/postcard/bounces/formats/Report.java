package dev.postcard.bounces.formats;

import dev.postcard.bounces.ComplaintReport;
import dev.postcard.bounces.MessageKind;
import java.util.List;
import java.util.Optional;

/** What one reader made of a returned message, before reasons are decided. */
public record Report(MessageKind kind, List<Finding> findings, Optional<ComplaintReport> complaint,
                     Optional<String> reportingMta) {
    public Report {
        findings = List.copyOf(findings);
    }

    public static Report bounce(List<Finding> findings, Optional<String> reportingMta) {
        boolean anyFailure = findings.stream().anyMatch(f -> f.action().equals("failed") || f.action().equals("delayed"));
        return new Report(anyFailure ? MessageKind.BOUNCE : MessageKind.DELIVERY_REPORT, findings, Optional.empty(),
                reportingMta);
    }

    public static Report complaint(ComplaintReport complaint) {
        return new Report(MessageKind.COMPLAINT, List.of(), Optional.of(complaint), Optional.empty());
    }
}
