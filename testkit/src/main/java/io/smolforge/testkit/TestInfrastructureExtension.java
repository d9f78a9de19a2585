package io.smolforge.testkit;

import io.smolforge.api.storage.ObjectStoreConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for plain (non-Quarkus) tests: starts the test infrastructure before the class's tests and
 * injects an {@link ObjectStoreConfig} for the test bucket into test methods and constructors that ask for one.
 * <pre>
 * &#64;ExtendWith(TestInfrastructureExtension.class)
 * class UploadTest {
 *     &#64;Test void uploads(ObjectStoreConfig s3) { ... TestInfrastructure.kafkaBootstrap() ... }
 * }
 * </pre>
 */
public class TestInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ObjectStoreConfig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestInfrastructure.s3Config();
    }
}
