package com.rollyy.emsp.ocpi;

import java.util.List;

/** One page of a list and the total number of objects matching the date filters. */
public record OcpiPage<T>(List<T> items, long total) {
}
