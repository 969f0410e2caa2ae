/**
 * Readers of vector files: fvecs/ivecs/bvecs ({@code VecsFile}), big-ann-benchmarks binaries
 * ({@code BigAnnFile}), NumPy {@code .npy} ({@code NpyFile}), HDF5 (ann-benchmarks layout, {@code
 * Hdf5Vectors}) and Parquet ({@code ParquetFile}), mapped without copying where the format allows
 * ({@code MatrixFile}).
 */
package io.qharness.workload.files;
