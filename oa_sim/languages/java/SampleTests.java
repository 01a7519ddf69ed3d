// oa-sim's sample-test runner: runs every @Test method of Level1Test, Level2Test, ... (the
// unlocked levels' sample tests, in this folder) against your class, with nothing but the JDK.
// From the workspace folder:
//
//   javac -d build *.java tests/*.java && java -cp build SampleTests
//
// Add a level's number at the end (`... SampleTests 2`) to run that level's tests only.
// `oa-sim test` runs the same cases; `oa-sim submit` runs the hidden ones.

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Marks a sample test: a method of a LevelNTest class that takes no arguments. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Test {}

/** The base of every LevelNTest class: the assertions, and the runner's main. */
public abstract class SampleTests {
    /** A failed assertion: what was expected and what came back. */
    static final class AssertionFailed extends AssertionError {
        private static final long serialVersionUID = 1L;

        AssertionFailed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        int passed = 0;
        int failed = 0;
        for (int level = 1; level < 100; level++) {
            Class<?> tests;
            try {
                tests = Class.forName("Level" + level + "Test");
            } catch (ClassNotFoundException noMore) {
                break;
            }
            if (args.length > 0 && !args[0].equals(String.valueOf(level))) continue;
            System.out.println(tests.getSimpleName());
            List<Method> methods = new ArrayList<>();
            for (Method method : tests.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) methods.add(method);
            }
            methods.sort(Comparator.comparing(Method::getName));
            for (Method method : methods) {
                String failure = run(tests, method);
                if (failure == null) {
                    passed++;
                    System.out.println("  PASS " + method.getName());
                } else {
                    failed++;
                    System.out.println("  FAIL " + method.getName() + ": " + failure);
                }
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    private static String run(Class<?> tests, Method method) throws ReflectiveOperationException {
        Constructor<?> constructor = tests.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object instance = constructor.newInstance(); // a new test object, and a new solution, per test
        method.setAccessible(true);
        try {
            method.invoke(instance);
            return null;
        } catch (InvocationTargetException raised) {
            Throwable cause = raised.getCause();
            String what = cause instanceof AssertionFailed ? cause.getMessage() : cause.toString();
            return what + place(cause);
        }
    }

    /** " (Level1Test.java:12)": where the test stopped, in the workspace's own files. */
    private static String place(Throwable thrown) {
        for (StackTraceElement frame : thrown.getStackTrace()) {
            String owner = frame.getClassName();
            if (owner.startsWith("java.") || owner.startsWith("jdk.") || owner.equals(SampleTests.class.getName())) continue;
            return " (" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
        }
        return "";
    }

    /** Equal by value; integers compare by value whether int or long. */
    protected static void assertEquals(Object expected, Object actual) {
        boolean same = isInteger(expected) && isInteger(actual)
                ? ((Number) expected).longValue() == ((Number) actual).longValue()
                : Objects.equals(expected, actual);
        if (!same) throw new AssertionFailed("expected " + show(expected) + " but got " + show(actual));
    }

    protected static void assertNull(Object actual) {
        if (actual != null) throw new AssertionFailed("expected null but got " + show(actual));
    }

    protected static void assertTrue(boolean actual) {
        if (!actual) throw new AssertionFailed("expected true but got false");
    }

    protected static void assertFalse(boolean actual) {
        if (actual) throw new AssertionFailed("expected false but got true");
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    }

    private static String show(Object value) {
        if (value instanceof String) return "\"" + value + "\"";
        if (value instanceof List) {
            List<String> items = new ArrayList<>();
            for (Object item : (List<?>) value) items.add(show(item));
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(value);
    }
}
