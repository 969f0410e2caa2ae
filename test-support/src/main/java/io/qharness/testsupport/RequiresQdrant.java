package io.qharness.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when a real Qdrant binary is configured ({@link QdrantBinary}); otherwise
 * skips it with {@link QdrantBinary#HOW_TO_ENABLE}, printed once per JVM.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresQdrant.Condition.class)
public @interface RequiresQdrant {
  /** The JUnit condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    private static volatile boolean announced;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (QdrantBinary.find().isPresent()) {
        return ConditionEvaluationResult.enabled("real Qdrant: " + QdrantBinary.find().get());
      }
      if (!announced) {
        announced = true;
        System.out.println("qharness: " + QdrantBinary.HOW_TO_ENABLE);
      }
      return ConditionEvaluationResult.disabled(QdrantBinary.HOW_TO_ENABLE);
    }
  }
}
