package com.rollyy.reliability;

/** Something that answers the eMSP's HTTP API: one instance, or the load balancer in front. */
interface Reachable {

    String url(String path);
}
