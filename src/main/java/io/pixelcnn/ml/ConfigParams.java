package io.pixelcnn.ml;

import io.pixelcnn.config.BundledDefaults;
import io.pixelcnn.config.JobConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import scala.runtime.AbstractFunction1;

/**
 * The estimator's Params that are keys of the training configuration ({@code conf/pixelcnn.conf}): each
 * named the Spark ML way (the key in camelCase: {@code learning-rate} is {@code learningRate}), defaulting
 * to the bundled conf's value, and checked by the configuration's own checks, the ones the command line
 * meets, so both front doors accept and refuse the same values with the same reasons.
 */
final class ConfigParams implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final Map<String, Param<Object>> byKey = new LinkedHashMap<>();
    private final Properties defaults = BundledDefaults.load();

    ConfigParams(String ownerUid) {
        this.owner = ownerUid;
    }

    /** {@code learning-rate} -> {@code learningRate}. */
    static String paramName(String key) {
        StringBuilder name = new StringBuilder();
        for (String word : key.split("-")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    IntParam integer(String key, String doc) {
        return add(key, new IntParam(owner, paramName(key), doc, new ConfigCheck<>(owner, key)));
    }

    LongParam whole(String key, String doc) {
        return add(key, new LongParam(owner, paramName(key), doc, new ConfigCheck<>(owner, key)));
    }

    DoubleParam decimal(String key, String doc) {
        return add(key, new DoubleParam(owner, paramName(key), doc, new ConfigCheck<>(owner, key)));
    }

    Param<String> text(String key, String doc) {
        return add(key, new Param<>(owner, paramName(key), doc, new ConfigCheck<String>(owner, key)));
    }

    @SuppressWarnings("unchecked")
    private <P extends Param<?>> P add(String key, P param) {
        byKey.put(key, (Param<Object>) param);
        return param;
    }

    /** Each Param with the bundled conf's value for its key, typed as the Param takes it. */
    List<Map.Entry<Param<Object>, Object>> defaults() {
        List<Map.Entry<Param<Object>, Object>> values = new ArrayList<>();
        byKey.forEach((key, param) -> values.add(Map.entry(param, typed(param, defaults.getProperty(key, "").trim()))));
        return values;
    }

    private static Object typed(Param<?> param, String text) {
        if (param instanceof IntParam) {
            return Integer.parseInt(text);
        }
        if (param instanceof LongParam) {
            return Long.parseLong(text);
        }
        if (param instanceof DoubleParam) {
            return Double.parseDouble(text);
        }
        return text;
    }

    /**
     * The training configuration these Params (their values from {@code valueOf}) ask for, built and checked
     * as the command line builds it; a value the checks refuse is an {@link IllegalArgumentException} naming
     * the Param. {@code data} stands for the datasets' paths: a DataFrame has none.
     */
    JobConfig jobConfig(Function<Param<Object>, Object> valueOf, String data) {
        Properties values = new Properties();
        values.putAll(defaults);
        values.setProperty(JobConfig.TRAIN_DATA, data);
        values.setProperty(JobConfig.TEST_DATA, data);
        byKey.forEach((key, param) -> values.setProperty(key, String.valueOf(valueOf.apply(param))));
        try {
            return JobConfig.fromProperties(values, owner);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage().startsWith(owner + ": ") ? e.getMessage().substring(owner.length() + 2)
                    : e.getMessage();
            String key = byKey.keySet().stream().filter(reason::startsWith).findFirst().orElse(null);
            String param = key == null ? "" : " parameter " + paramName(key);
            throw new IllegalArgumentException(owner + param + ": " + reason, e);
        }
    }

    /**
     * A Param's validator: the value, with every other key at its default, through the configuration's
     * checks. It throws rather than answering false, so that Spark's error carries the check's reason.
     */
    private static final class ConfigCheck<T> extends AbstractFunction1<T, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String owner;
        private final String key;

        ConfigCheck(String owner, String key) {
            this.owner = owner;
            this.key = key;
        }

        @Override
        public Object apply(T value) {
            Properties values = BundledDefaults.load();
            values.setProperty(key, String.valueOf(value));
            try {
                JobConfig.fromProperties(values, key);
                return true;
            } catch (IllegalArgumentException e) {
                String reason = e.getMessage().startsWith(key + ": ") ? e.getMessage().substring(key.length() + 2)
                        : e.getMessage();
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s parameter %s given invalid value %s: %s",
                        owner, paramName(key), value, reason), e);
            }
        }
    }
}
