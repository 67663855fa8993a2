package io.modelgate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Jazzer fuzz test of a parser of client input: in a plain test run it replays the kept inputs (its
 * {@code <Class>Inputs/<method>} resource folder); with {@code JAZZER_FUZZ=1} it fuzzes for 10 minutes (the CI's
 * {@code fuzz} execution cuts that to {@code fuzz.seconds}, see pom.xml and docs/testing.md). One input that takes
 * longer than 10 s is a finding: a parser must never loop or crawl on what a client sends. One such test per class,
 * since Jazzer fuzzes one test per JVM.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Timeout(10)
@FuzzTest(maxDuration = "10m")
public @interface ParserFuzz {
}
