package io.kafkalessons.runner;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** ./lessons record: what it writes into a README, and its answers to a bad command line. */
class RecordCommandTest {

    private static final String README = String.join("\n",
            "# Lesson 9", "", "## What you should see", "", "Ports differ.", "", "```", "old output",
            "RESULT a=1", "```", "", "## What just happened", "```", "untouched", "```", "");

    @Test
    @DisplayName("The run replaces exactly the first code block under 'What you should see', trailing blank lines dropped")
    void replacesTheRecordedBlockOnly() {
        String updated = RecordCommand.replaceBlock(README, "Lesson 9: x  \n\nRESULT a=2 b=3\n\n");
        assertThat(updated).isEqualTo(String.join("\n",
                "# Lesson 9", "", "## What you should see", "", "Ports differ.", "", "```", "Lesson 9: x", "",
                "RESULT a=2 b=3", "```", "", "## What just happened", "```", "untouched", "```", ""));
    }

    @Test
    @DisplayName("./lessons record without a lesson, or with one that does not exist, is a one-line usage error")
    void badArguments() {
        CapturedRun none = CapturedRun.of((o, e) -> RecordCommand.run(new String[0], LessonCatalog.load(), Path.of("."), o, e));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errLines()).containsExactly("lessons record: name the lessons to record, e.g. ./lessons record 2 7");
        CapturedRun unknown = CapturedRun.lessons("record", "42");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errLines()).containsExactly(
                "lessons record: there is no lesson '42'; ./lessons list shows the lessons there are");
    }
}
