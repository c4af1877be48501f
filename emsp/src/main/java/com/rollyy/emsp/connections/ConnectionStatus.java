package com.rollyy.emsp.connections;

/** Where a connection stands in its lifecycle. */
public enum ConnectionStatus {
    /** We handed out a token A; the CPO has not registered yet. */
    INVITED,
    /** We are registering with the CPO right now; hidden from listings. */
    REGISTERING,
    ACTIVE,
    /** Either side unregistered: kept for history, every token dead. */
    UNREGISTERED
}
