package io.modelgate;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Jazzer fuzz test of a parser of client input: in a plain test run it replays the kept inputs (its
 * {@code <Class>Inputs/<method>} resource folder); with {@code JAZZER_FUZZ=1} it fuzzes for 10 minutes (the
 * verify phase's {@code fuzz} execution cuts that to {@code fuzz.seconds}; pom.xml also makes one input that runs
 * over 10 s a finding, see docs/testing.md). One such test per class, since Jazzer fuzzes one test per JVM.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "10m")
public @interface ParserFuzz {
}
