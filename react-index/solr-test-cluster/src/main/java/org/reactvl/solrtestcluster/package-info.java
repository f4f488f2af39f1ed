/**
 * A SolrCloud test cluster (embedded ZooKeeper and N Solr nodes) in a JVM of its own, because Solr 9
 * needs Lucene 9 while the library uses Lucene 10. react-index-solr's tests start {@link
 * org.reactvl.solrtestcluster.SolrTestCluster} once per run as a child process, drive it over its
 * standard input and output, and talk to the nodes over HTTP.
 */
package org.reactvl.solrtestcluster;
