package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The table printer and the progress bar's line. */
class OutputTest {
    @Test
    void columnsAreAsWideAsTheirWidestValueAndLongValuesAreCut() {
        StringWriter text = new StringWriter();
        new TablePrinter(10, "ID", "NAME", "NOTE").row("a", "short", null).row("bbbbbb", "a much longer name", "")
                .print(new PrintWriter(text));
        assertThat(text.toString().lines()).containsExactly(
                "ID      NAME        NOTE",
                "a       short       -",
                "bbbbbb  a much lo…  -");
    }

    @Test
    void anEmptyTablePrintsNothing() {
        StringWriter text = new StringWriter();
        new TablePrinter("ID").print(new PrintWriter(text));
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void theBarShowsDoneOfTotalTheRateAndTheTimeLeft() {
        assertThat(ProgressBar.render(250, 1000, Duration.ofSeconds(5)))
                .isEqualTo("[########----------------------]  250/1000  50.0/s  0:15 left");
        assertThat(ProgressBar.render(1000, 1000, Duration.ofSeconds(20))).endsWith("1000/1000  50.0/s  done");
        assertThat(ProgressBar.render(0, 10, Duration.ZERO)).endsWith("0/10  0.0/s  -:-- left");
    }

    @Test
    void aBarThatIsNotOnATerminalDrawsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 10, false);
        bar.update(5);
        bar.finish();
        assertThat(text.toString()).isEmpty();
    }
}
