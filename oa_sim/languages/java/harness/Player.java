package oasim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one case on a fresh instance of the candidate's class, on the case's own thread: the only
 * code here that runs candidate code. Each case loads the compiled classes in a new class loader,
 * so no static state leaks from one case to the next. Everything the candidate's objects say is
 * turned into plain values here, within the case's time limit: the main thread only writes them.
 */
final class Player {
    /** What one case came to. */
    static final class Outcome {
        List<Object> answers; // the case played (possibly stopped at a raised error)
        String loadError; // the classes could not even be loaded
        String detail = "";
        boolean outOfMemory;
        long cpuNanos; // the CPU time of the case's thread once the classes were loaded
    }

    /** A returned value that is no plain value: the name of what it was. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;
        final String kind;

        Unsupported(String kind) {
            super(kind, null, false, false);
            this.kind = kind;
        }
    }

    private final URL classes;
    private final String implClass;
    private final String solutionFile;
    private final String interfaceFile;
    private final Runnable onLoaded;

    Player(URL classes, String implClass, String solutionFile, String interfaceFile, Runnable onLoaded) {
        this.classes = classes;
        this.implClass = implClass;
        this.solutionFile = solutionFile;
        this.interfaceFile = interfaceFile;
        this.onLoaded = onLoaded;
    }

    Outcome play(List<Object> calls) {
        Outcome outcome = new Outcome();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type;
            try {
                type = Class.forName(implClass, true, loader);
            } catch (ClassNotFoundException missing) {
                outcome.loadError = solutionFile + " declares no class " + implClass;
                outcome.detail = "Keep `public class " + implClass + "` in " + solutionFile + ", in no package.";
                return outcome;
            } catch (LinkageError failed) { // ExceptionInInitializerError among them
                Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
                String where = where(cause);
                outcome.loadError = "your code raised " + cause.getClass().getSimpleName()
                        + " while loading " + implClass + (where.isEmpty() ? "" : ": " + where);
                outcome.detail = trace(cause);
                return outcome;
            }
            onLoaded.run();
            outcome.answers = answers(type, calls);
        } catch (OutOfMemoryError memory) {
            outcome.answers = null;
            outcome.outOfMemory = true;
        } catch (java.io.IOException ignored) {
            // closing a class loader over a folder does not fail
        }
        return outcome;
    }

    private List<Object> answers(Class<?> type, List<Object> calls) {
        List<Object> answers = new ArrayList<>(calls.size());
        Object instance;
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            instance = constructor.newInstance();
        } catch (InvocationTargetException raised) {
            answers.add(error(raised.getCause()));
            return answers;
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | RuntimeException unusable) {
            answers.add(error("InstantiationException", "cannot make a new " + implClass + "() (" + unusable + ")"));
            return answers;
        }
        Map<String, Method> methods = new HashMap<>(); // by name: a case calls few methods, many times
        for (Object call : calls) {
            List<?> pair = (List<?>) call;
            String name = (String) pair.get(0);
            List<?> args = (List<?>) pair.get(1);
            Method method = methods.get(name);
            if (method == null || method.getParameterCount() != args.size()) {
                method = find(type, name, args.size());
                if (method != null) methods.put(name, method);
            }
            if (method == null) {
                answers.add(error("NoSuchMethodException", implClass + " has no public method " + name + " taking " + args.size() + " argument(s)"));
                return answers;
            }
            Object[] values;
            try {
                values = arguments(method, args);
            } catch (IllegalArgumentException mismatch) {
                answers.add(error("IllegalArgumentException", mismatch.getMessage()));
                return answers;
            }
            Object got;
            try {
                got = method.invoke(instance, values);
            } catch (InvocationTargetException raised) {
                if (raised.getCause() instanceof OutOfMemoryError) throw (OutOfMemoryError) raised.getCause();
                answers.add(error(raised.getCause()));
                return answers;
            } catch (IllegalAccessException | IllegalArgumentException unusable) {
                answers.add(error(unusable.getClass().getSimpleName(), String.valueOf(unusable.getMessage())));
                return answers;
            }
            answers.add(answer(got));
        }
        return answers;
    }

    private static Method find(Class<?> type, String name, int arity) {
        // Public methods, the interface's defaults among them; an overload taking the same number
        // of arguments is told apart when the arguments are converted.
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arity && !Modifier.isStatic(method.getModifiers())) {
                try {
                    method.setAccessible(true); // the class itself may not be public
                } catch (RuntimeException notAllowed) {
                    continue;
                }
                return method;
            }
        }
        return null;
    }

    private static Object[] arguments(Method method, List<?> args) {
        Type[] types = method.getGenericParameterTypes();
        Object[] values = new Object[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = convert(args.get(i), types[i], i + 1);
        }
        return values;
    }

    private static Object convert(Object value, Type target, int position) {
        Class<?> raw = target instanceof Class ? (Class<?>) target
                : target instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) target).getRawType() : Object.class;
        if (value == null) {
            if (raw.isPrimitive()) throw new IllegalArgumentException("argument " + position + " is null, the parameter is a " + raw);
            return null;
        }
        if (raw == String.class && value instanceof String) return value;
        if ((raw == int.class || raw == Integer.class) && value instanceof Long) {
            long n = (Long) value;
            if (n == (int) n) return (int) n;
            throw new IllegalArgumentException("argument " + position + " (" + n + ") does not fit an int");
        }
        if ((raw == long.class || raw == Long.class) && value instanceof Long) return value;
        if ((raw == boolean.class || raw == Boolean.class) && value instanceof Boolean) return value;
        if ((raw == double.class || raw == Double.class) && value instanceof Number) return ((Number) value).doubleValue();
        if (raw == Object.class) return value;
        if (raw.isAssignableFrom(ArrayList.class) && value instanceof List) {
            Type item = target instanceof ParameterizedType ? ((ParameterizedType) target).getActualTypeArguments()[0] : Object.class;
            List<Object> items = new ArrayList<>();
            for (Object element : (List<?>) value) items.add(convert(element, item, position));
            return items;
        }
        throw new IllegalArgumentException("argument " + position + " (" + Json.write(value) + ") is no " + target.getTypeName());
    }

    // -- what came back -------------------------------------------------------------------------

    private static Map<String, Object> answer(Object value) {
        try {
            return Collections.singletonMap("value", plain(value, 0));
        } catch (Unsupported unsupported) {
            return Collections.singletonMap("unsupported", unsupported.kind);
        } catch (OutOfMemoryError memory) {
            throw memory;
        } catch (Throwable unreadable) { // a collection whose iterator throws
            return Collections.singletonMap("unsupported", "value that could not be read (" + unreadable.getClass().getSimpleName() + ")");
        }
    }

    /** By value, never asking the object what it equals: only what the JDK's own types hold. */
    private static Object plain(Object value, int depth) throws Unsupported {
        if (value == null || value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            if (((BigInteger) value).bitLength() < 64) return ((BigInteger) value).longValue();
            throw new Unsupported("BigInteger too large");
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) throw new Unsupported("double (" + d + ")");
            return d;
        }
        if (depth >= 20) throw new Unsupported("list nested too deep");
        if (value instanceof Collection || value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            Iterable<?> source = value instanceof Collection ? (Collection<?>) value : arrayItems(value);
            for (Object item : source) {
                try {
                    items.add(plain(item, depth + 1));
                } catch (Unsupported inner) {
                    throw new Unsupported("list holding " + (inner.kind.startsWith("list") ? inner.kind : article(inner.kind)));
                }
            }
            return items;
        }
        throw new Unsupported(name(value.getClass()));
    }

    private static List<Object> arrayItems(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) items.add(java.lang.reflect.Array.get(array, i));
        return items;
    }

    private static String name(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private static String article(String noun) {
        return ("aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private Map<String, Object> error(Throwable thrown) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", name(thrown.getClass()));
        String message;
        try {
            message = thrown.getMessage(); // the candidate's own exception may compute it
        } catch (Throwable unreadable) {
            message = "";
        }
        error.put("message", message == null ? "" : message);
        error.put("where", where(thrown));
        error.put("trace", trace(thrown));
        return wrap(error);
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        error.put("where", "");
        error.put("trace", "");
        return wrap(error);
    }

    private static Map<String, Object> wrap(Map<String, Object> error) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", error);
        return answer;
    }

    /** "InMemoryDBImpl.java line 12": the first frame in the candidate's file. */
    private String where(Throwable thrown) {
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (solutionFile.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                return solutionFile + " line " + frame.getLineNumber();
            }
        }
        return "";
    }

    /** The exception and its frames in the workspace's files: the harness's and the JDK's say nothing to the candidate. */
    private String trace(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        String message;
        try {
            message = thrown.getMessage();
        } catch (Throwable unreadable) {
            message = null;
        }
        out.append(name(thrown.getClass())).append(message == null ? "" : ": " + message);
        StackTraceElement previous = null;
        int shown = 0;
        int repeated = 0;
        for (StackTraceElement frame : thrown.getStackTrace()) {
            String file = frame.getFileName();
            if (!solutionFile.equals(file) && !interfaceFile.equals(file)) continue;
            if (frame.equals(previous)) { // a runaway recursion: one frame, many times
                repeated++;
                continue;
            }
            if (shown++ >= 20) {
                out.append("\n\t...");
                break;
            }
            if (repeated > 0) out.append("\n\t... the same frame ").append(repeated).append(" more times");
            repeated = 0;
            out.append("\n\tat ").append(frame.getClassName()).append('.').append(frame.getMethodName())
                    .append('(').append(file).append(':').append(frame.getLineNumber()).append(')');
            previous = frame;
        }
        if (repeated > 0) out.append("\n\t... the same frame ").append(repeated).append(" more times");
        return out.toString();
    }
}
