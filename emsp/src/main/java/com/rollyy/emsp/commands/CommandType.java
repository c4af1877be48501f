package com.rollyy.emsp.commands;

/** The OCPI 2.2.1 commands (we send START_SESSION and STOP_SESSION today). */
public enum CommandType { CANCEL_RESERVATION, RESERVE_NOW, START_SESSION, STOP_SESSION, UNLOCK_CONNECTOR }
