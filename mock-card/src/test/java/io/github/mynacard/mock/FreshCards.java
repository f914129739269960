package io.github.mynacard.mock;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The emulator's own tests get a fresh default card per {@link MynaCardEmulator} parameter. (The
 * published extension, {@code mynacard-junit5}, depends on this module, so these tests cannot use it.)
 */
final class FreshCards implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MynaCardEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return MynaCardEmulator.createDefault();
    }
}
