package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code postcard completion bash|zsh}: picocli's script for the whole command tree. */
class CompletionCommandTest {
    @Test
    void bashCompletesEveryCommandAndItsOptions() {
        Cli.Run bash = Cli.run("completion", "bash");
        assertThat(bash.exit()).as(bash.err()).isZero();
        assertThat(bash.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_postcard",
                "rotate-secret", "--event-type", "--group-by", "--topic-arn");
    }

    @Test
    void zshGetsTheSameScriptAfterBashcompinitSaidInTheFirstLine() {
        Cli.Run zsh = Cli.run("completion", "zsh");
        assertThat(zsh.exit()).as(zsh.err()).isZero();
        assertThat(zsh.out().lines().findFirst().orElseThrow()).startsWith("# ")
                .contains("autoload -U +X bashcompinit && bashcompinit");
        assertThat(zsh.out()).contains(Cli.run("completion", "bash").out());
    }

    @Test
    void anotherShellIsAUsageError() {
        Cli.Run fish = Cli.run("completion", "fish");
        assertThat(fish.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(fish.err()).startsWith("postcard: ").hasLineCount(1);
    }
}
