package io.kafkalessons.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints, when a module's tests are done, every test that was skipped for a missing tool, so
 * the skips are not lost among the passes. Registered through META-INF/services, so it is on in
 * every module whose tests use {@link ExternalTools}.
 */
public final class SkippedToolsSummary implements TestExecutionListener {

    private final List<String> skipped = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.clear();
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
            return;
        }
        result.getThrowable()
                .map(Throwable::getMessage)
                .filter(message -> message != null && message.startsWith(ExternalTools.PREFIX))
                .ifPresent(message -> skipped.add(name(test) + ": " + message));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (skipped.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Skipped because a tool outside the JDK is missing (" + skipped.size() + "):");
        skipped.forEach(line -> System.out.println("  " + line));
        System.out.println("Install them to run these tests too; .ci/run installs them and passes -D"
                + ExternalTools.REQUIRED + "=true, which turns these skips into failures.");
        System.out.println();
    }

    /** "Class > test" for a test, the class name alone for a whole class skipped at once. */
    private String name(TestIdentifier test) {
        String parent = test.getParentIdObject().map(plan::getTestIdentifier)
                .filter(p -> p.isContainer() && p.getParentId().isPresent())
                .map(TestIdentifier::getDisplayName).orElse("");
        return parent.isEmpty() || test.isContainer() ? test.getDisplayName() : parent + " > " + test.getDisplayName();
    }
}
