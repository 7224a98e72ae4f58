/** The task handler: one Cloud Tasks task in, one Ittybit job (or a recorded rejection) out. */
package dev.ittybatch.taskhandler;
