/** Attachments, one class per attach kind, each a Link. */
package dev.ebee.link;
