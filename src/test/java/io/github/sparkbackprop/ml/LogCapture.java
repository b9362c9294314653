package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures the formatted messages one class logs at {@code minimum} or above while attached (its
 * logger set to INFO meanwhile, whatever the tests' log4j2 file says).
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
  private final Logger logger;
  private final Level previousLevel;
  private final Level minimum;

  /** Attaches to {@code source}'s logger, keeping its messages at {@code minimum} or above. */
  public LogCapture(Class<?> source, Level minimum) {
    super("test-capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
    this.minimum = minimum;
    logger = ((LoggerContext) LogManager.getContext(false)).getLogger(source.getName());
    previousLevel = logger.getLevel();
    start();
    logger.addAppender(this);
    logger.setLevel(Level.INFO);
  }

  @Override
  public void append(LogEvent event) {
    if (event.getLevel().isMoreSpecificThan(minimum)) {
      messages.add(event.getMessage().getFormattedMessage());
    }
  }

  /** The messages so far, in the order they were logged. */
  public List<String> messages() {
    synchronized (messages) {
      return new ArrayList<>(messages);
    }
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    logger.setLevel(previousLevel);
    stop();
  }
}
