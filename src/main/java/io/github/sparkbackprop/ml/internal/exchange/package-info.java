/**
 * Not API. The tasks of a barrier stage adding up their partitions' sums among themselves,
 * without the driver: {@code PeerGroup} connects every task with every other (addresses
 * exchanged once per stage through a {@code Rendezvous}, which on Spark asks the driver's
 * {@code AddressBook}, each connection proving the stage's secret), and {@code AllReduce} sums
 * values in partition order, so that every task holds, bit for bit, the total the driver would
 * have merged; {@code FirstTaskDecides} gives every task the first task's answer where each
 * could answer differently (a clock). What is summed is told by a {@code WireCodec}: a few
 * scalars and arrays of one length, added element by element. May use: Java's sockets and
 * threads, SLF4J; never Spark (the Spark side gives the rendezvous) and no math of its own.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.slf4j.*
 */
package io.github.sparkbackprop.ml.internal.exchange;
