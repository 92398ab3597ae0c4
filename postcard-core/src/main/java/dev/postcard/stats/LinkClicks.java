package dev.postcard.stats;

/** The clicks on one link: all, by people, and by people counting each message once. */
public record LinkClicks(String url, long total, long human, long uniqueHuman) {
}
