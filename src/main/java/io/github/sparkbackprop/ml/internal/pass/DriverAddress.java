package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AddressBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Where the driver's {@link AddressBook} listens: on the address Spark's own driver endpoint
 * binds to ({@code spark.driver.bindAddress}, else {@code spark.driver.host}), reached by the
 * tasks at {@code spark.driver.host}, the address executors already use to reach the driver.
 */
final class DriverAddress {

  private DriverAddress() {}

  /** Opens an address book for one barrier stage of {@code sc}'s application. */
  static AddressBook openAddressBook(SparkContext sc, byte[] secret) {
    SparkConf conf = sc.getConf();
    String host = conf.get("spark.driver.host", "localhost");
    String bind = conf.get("spark.driver.bindAddress", host);
    try {
      return AddressBook.open(InetAddress.getByName(bind), host, secret);
    } catch (IOException e) {
      throw new UncheckedIOException("The driver could not open the address book through which"
          + " the tasks of a barrier stage find each other, on " + bind + " (spark.driver"
          + ".bindAddress or spark.driver.host); set executionMode to \"perStep\"", e);
    }
  }
}
