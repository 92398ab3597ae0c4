package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/receivers.md shows the Node receiver that {@link NodeReceiverTest} runs, not a copy that drifted from it. */
class ReceiverDocsTest {
    private static final Path DOC = Path.of("..", "docs", "receivers.md");
    private static final Path NODE_RECEIVER = NodeReceiver.EXAMPLE.resolve("receiver.mjs");

    @Test
    void theNodeProgramOnThePageIsTheExampleTheSuiteRuns() throws IOException {
        String doc = Files.readString(DOC);
        int section = doc.indexOf("\n## Node\n");
        assertThat(section).as("docs/receivers.md has a Node section").isNotNegative();
        int start = doc.indexOf("```js\n", section);
        int end = doc.indexOf("\n```\n", start);
        assertThat(start).as("a js block in the Node section").isNotNegative();

        String shown = doc.substring(start + "```js\n".length(), end + 1);

        assertThat(shown).as("the program in docs/receivers.md, section Node, must be %s as it is",
                NODE_RECEIVER.normalize()).isEqualTo(Files.readString(NODE_RECEIVER));
    }
}
