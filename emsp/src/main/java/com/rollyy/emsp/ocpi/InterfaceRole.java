package com.rollyy.emsp.ocpi;

/** SENDER: the data owner's interface (pulled from); RECEIVER: the interface data is pushed to. */
public enum InterfaceRole {
    SENDER, RECEIVER
}
