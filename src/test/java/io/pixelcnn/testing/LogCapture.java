package io.pixelcnn.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What the job logs (the {@code io.pixelcnn} loggers, INFO and up) while a test runs it in-process. */
public final class LogCapture implements AutoCloseable {

    private static final String NAME = "test-capture";
    private final StringWriter text = new StringWriter();
    private final LoggerContext context;
    private final LoggerConfig logger;

    public LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName(NAME).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%msg%n").withConfiguration(config).build())
                .setConfiguration(config).build();
        appender.start();
        logger = config.getLoggerConfig("io.pixelcnn");
        logger.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        logger.removeAppender(NAME);
        context.updateLoggers();
    }
}
